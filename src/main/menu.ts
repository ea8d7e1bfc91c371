// The application menu. Commands that touch app state (import, export, undo, redo) are sent to
// the renderer as menu commands; the renderer decides what they mean there (a focused text field
// undoes its own typing, otherwise the annotation history). Clipboard and zoom use Electron roles.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/ipc/contract';

export interface MenuTemplateInput {
  /** Sends a menu command to the focused window's renderer (EVENT_CHANNELS.menuCommand). */
  send(command: MenuCommand): void;
  isMac: boolean;
  isDev: boolean;
}

export function buildMenuTemplate({ send, isMac, isDev }: MenuTemplateInput): MenuItemConstructorOptions[] {
  const command = (c: MenuCommand) => () => send(c);
  const template: MenuItemConstructorOptions[] = [];

  if (isMac) {
    template.push({
      label: 'Claimdesk',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: 'File',
    submenu: [
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+O', click: command('import') },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: command('export') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  });

  const redoExtra: MenuItemConstructorOptions[] = isMac
    ? []
    : [
        // Ctrl+Y is the Windows habit; a hidden twin so the visible item can show Ctrl+Shift+Z.
        { id: 'redo-ctrl-y', label: 'Redo', accelerator: 'Ctrl+Y', visible: false, acceleratorWorksWhenHidden: true, click: command('redo') },
      ];
  template.push({
    label: 'Edit',
    submenu: [
      { id: 'undo', label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: command('undo') },
      { id: 'redo', label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: command('redo') },
      ...redoExtra,
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });

  template.push({
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(isDev ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
    ],
  });

  if (isMac) template.push({ role: 'windowMenu' });
  return template;
}
