/** Device settings kept in the records database: who is writing (role + officer id). */
import type { Author } from '../records/record.ts';
import type { RecordsDatabase } from './records-db.ts';

const DEFAULT_AUTHOR: Author = { role: 'resident', officerId: '' };

/** The author set on this device, or the resident default. */
export async function loadAuthor(db: RecordsDatabase): Promise<Author> {
  return ((await db.meta.get('author'))?.value as Author | undefined) ?? DEFAULT_AUTHOR;
}

/** Saves the author. */
export async function saveAuthor(db: RecordsDatabase, author: Author): Promise<void> {
  await db.meta.put({ key: 'author', value: author });
}
