// files.save in Electron: the OS save dialog (attached to the focused Parley window), then a
// copy from main's attachment store to where the user chose, reporting progress as it goes.
// The renderer never sees the path before the user picked it, nor the bytes at all.

import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { BrowserWindow, dialog } from 'electron';
import type { SaveFile } from '../core/file-commands';

export const saveFileWithDialog: SaveFile = async (file, onProgress) => {
  const window = BrowserWindow.getFocusedWindow();
  const options = { defaultPath: file.name, properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  // Written beside the target, then renamed: a failed copy never leaves half a file under its name.
  const temp = `${choice.filePath}.parley-download`;
  let written = 0;
  const source = createReadStream(file.path);
  source.on('data', (chunk) => {
    written += chunk.length;
    onProgress(written, file.size);
  });
  try {
    await pipeline(source, createWriteStream(temp, { mode: 0o600 }));
    await rename(temp, choice.filePath);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return { path: choice.filePath };
};
