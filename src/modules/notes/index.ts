export { notesRoutes } from './notes.routes.js';
export { notesEvents, noteAdded, noteEdited, noteDeleted, tagsChanged } from './notes.events.js';
export { listNotes, addNote, editNote, deleteNote, reassignCustomerNotes, type Subject } from './notes.js';
export { tagsOf, setTags, copyCustomerTags, removeCustomerTags } from './tags.js';
export type { NoteJson } from './notes.schemas.js';
export { noteSchema } from './notes.schemas.js';
export { notesHandlers } from './mention-mail.js';
