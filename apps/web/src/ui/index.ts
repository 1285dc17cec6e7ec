export { Button, ButtonLink, TextLink, type Variant } from './Button.tsx';
export { TextField } from './TextField.tsx';
export { Form, ErrorSummary, fieldErrors, type FormProps } from './Form.tsx';
export { Dialog } from './Dialog.tsx';
export { MenuButton, type MenuItemSpec } from './Menu.tsx';
export { ToastProvider, useToast, type ToastTone } from './Toast.tsx';
export { Card, PageHeader, EmptyState, Spinner } from './Blocks.tsx';
