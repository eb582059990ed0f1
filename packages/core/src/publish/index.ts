/**
 * Publishing: everything a command prints or writes, disclosed together against what the
 * workspace published before, and recorded. See `docs/disclosure.md`.
 */
export {
  Publication,
  type PublicationOptions,
  type PublicationRecord,
  type TableToPublish,
} from './publication.js';
