/**
 * API schemas of attachments (files carried by posts).
 *
 * Uploading: `POST /api/v1/rooms/:id/attachments` with the file's bytes as the raw request body
 * (no multipart), any `Content-Type` (it is ignored: the content decides), and the file name
 * URL-encoded in the header `X-File-Name` (`encodeURIComponent(file.name)`; optional, default
 * "Datei"). Answer 201 {@link AttachmentView}. Then pass its `id` in `attachmentIds` when creating
 * the thread or post (within a day; unlinked uploads are removed after that). Refusals:
 * 413 `attachment_too_large` (or `payload_too_large`), 415 `attachment_type_refused`,
 * 422 `attachment_unreadable` (an image that does not decode), 403 `room_banned`, 404 for a room
 * the member cannot see.
 *
 * Downloading: `GET` the view's `url`. Images come `inline` (usable in `<img>`), everything else as
 * a download; both with `nosniff` and a sandboxing Content-Security-Policy.
 */
import Type, { type Static } from 'typebox';
import { Id } from '../schemas.ts';

const strict = { additionalProperties: false } as const;

/** The types accepted, decided by the file's content (never by its name or declared type). */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** For the file picker's `accept` only: what the server checks is the content. */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp';

/** The default size limit per file (the server's `ATTACHMENT_MAX_BYTES`). */
export const ATTACHMENT_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** The header that carries the URL-encoded file name of an upload. */
export const ATTACHMENT_FILE_NAME_HEADER = 'x-file-name';

/** An uploaded file as shown with a post; `url` downloads it (as an attachment, never inline HTML). */
export const AttachmentView = Type.Object(
  {
    id: Id,
    /** Cleaned of paths, control and direction characters; the extension matches the content. */
    fileName: Type.String(),
    /** As found in the content (one of {@link ATTACHMENT_MEDIA_TYPES}). */
    mediaType: Type.String(),
    /** Bytes as stored (images after re-encoding). */
    size: Type.Integer({ minimum: 0 }),
    /** Images only, in pixels after re-encoding; null for documents. */
    width: Type.Union([Type.Integer(), Type.Null()]),
    height: Type.Union([Type.Integer(), Type.Null()]),
    /** `/api/v1/attachments/<id>`. */
    url: Type.String(),
  },
  { ...strict, $id: 'AttachmentView' },
);
export type AttachmentView = Static<typeof AttachmentView>;

export const AttachmentParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) }, strict);

export const AttachmentDownloadQuery = Type.Object(
  {
    /** `true`: always as a download, images too. */
    download: Type.Optional(Type.Boolean()),
  },
  strict,
);
