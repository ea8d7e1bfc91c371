// The application menu: File Import…/Export…/Quit, Edit Undo/Redo sent to the renderer, View zoom.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../core/ipc/contract';
import { buildMenuTemplate } from './menu';

const submenu = (t: MenuItemConstructorOptions[], label: string) => (t.find((m) => m.label === label)?.submenu ?? []) as MenuItemConstructorOptions[];
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('menu template', () => {
  it('has File Import…/Export…/Quit, Edit Undo/Redo and clipboard roles, View zoom', () => {
    const sent: MenuCommand[] = [];
    const t = buildMenuTemplate({ send: (c) => sent.push(c), isMac: false, isDev: false });
    expect(t.map((m) => m.label)).toEqual(['File', 'Edit', 'View']);
    const file = submenu(t, 'File');
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual(['Import…', 'Export…', 'separator', 'Quit']);
    expect(file[3]!.role).toBe('quit');
    const edit = submenu(t, 'Edit');
    const undo = edit.find((i) => i.label === 'Undo');
    const redo = edit.find((i) => i.id === 'redo');
    const redoY = edit.find((i) => i.id === 'redo-ctrl-y');
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
    expect(undo?.role).toBeUndefined();
    expect(redo?.accelerator).toBe('CmdOrCtrl+Shift+Z');
    expect(redoY?.accelerator).toBe('Ctrl+Y');
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    click(file[0]);
    click(file[1]);
    click(undo);
    click(redo);
    click(redoY);
    expect(sent).toEqual(['import', 'export', 'undo', 'redo', 'redo']);
    const view = submenu(t, 'View').map((i) => i.role);
    expect(view).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']));
    expect(view).not.toContain('toggleDevTools');
  });

  it('offers devtools only in development, and the macOS app menu on macOS', () => {
    const dev = buildMenuTemplate({ send: () => {}, isMac: false, isDev: true });
    expect(submenu(dev, 'View').map((i) => i.role)).toContain('toggleDevTools');
    const mac = buildMenuTemplate({ send: () => {}, isMac: true, isDev: false });
    expect(mac[0]!.label).toBe('Claimdesk');
    expect((mac[0]!.submenu as MenuItemConstructorOptions[]).map((i) => i.role)).toContain('quit');
    expect(submenu(mac, 'Edit').find((i) => i.id === 'redo-ctrl-y')).toBeUndefined();
  });
});
