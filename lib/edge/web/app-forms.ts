/**
 * The dashboard function's input schemas (zod) and the notes routes built on them, loaded as
 * one module with the first change or contact page; see app-pages.ts for why one.
 */
export { contactActionFromForm, contactActionsFromJson } from './contact-input.js';
export * as notesHandlers from './notes-handlers.js';
export { settingsFromForm } from './settings-input.js';
