/**
 * The size of a photo folder as the disk sees it, for bench/server-photos.bench.ts: files, bytes in them,
 * bytes allocated on disk (blocks × 512, what `du` counts) and the directories the files sit in — so the
 * bench can say how the store's layout (photos/ab/abcd…) spreads 50,000 files.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What a folder holds, counted recursively. */
export interface FolderStats {
  files: number;
  bytes: number;
  diskBytes: number;
  directories: number;
  /** The most files directly in one directory. */
  mostFilesInOneDirectory: number;
}

/** Walks `dir` (a missing folder counts as empty). */
export async function folderStats(dir: string): Promise<FolderStats> {
  const stats: FolderStats = { files: 0, bytes: 0, diskBytes: 0, directories: 0, mostFilesInOneDirectory: 0 };
  const walk = async (path: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return;
    }
    stats.directories++;
    let here = 0;
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        const s = await stat(child);
        stats.files++;
        here++;
        stats.bytes += s.size;
        stats.diskBytes += s.blocks * 512;
      }
    }
    stats.mostFilesInOneDirectory = Math.max(stats.mostFilesInOneDirectory, here);
  };
  await walk(dir);
  return stats;
}
