/** Every string of the app in English: loaded on its own, only when this language is used (i18n/index.ts). */
import base from './en.json';
import { featureMessages } from '../features/registry.ts';

const features = import.meta.glob<Record<string, unknown>>('../features/*/en.json', { eager: true, import: 'default' });

export default { ...base, ...featureMessages(features) };
