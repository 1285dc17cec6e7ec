/** API schemas of attachments (files carried by posts). */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;

/** An uploaded file as shown with a post; `url` downloads it (as an attachment, never inline HTML). */
export const AttachmentView = Type.Object(
  {
    id: Id,
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    width: Type.Union([Type.Integer(), Type.Null()]),
    height: Type.Union([Type.Integer(), Type.Null()]),
    url: Type.String(),
  },
  { ...strict, $id: 'AttachmentView' },
);
export type AttachmentView = Static<typeof AttachmentView>;
