import { describe, expect, it } from 'vitest';
import { FAR, keyCommand } from './keyboard';

describe('keyCommand', () => {
  it('maps arrows, pages and Home/End to moves', () => {
    expect(keyCommand('ArrowRight', false, 10)).toEqual({ type: 'move', dl: 0, df: 1, extend: false });
    expect(keyCommand('ArrowDown', true, 10)).toEqual({ type: 'move', dl: 1, df: 0, extend: true });
    expect(keyCommand('PageDown', false, 37.8)).toEqual({ type: 'move', dl: 0, df: 37, extend: false });
    expect(keyCommand('PageUp', false, 0)).toEqual({ type: 'move', dl: 0, df: -1, extend: false });
    expect(keyCommand('End', false, 10)).toMatchObject({ df: FAR });
    expect(keyCommand('Home', false, 10)).toMatchObject({ df: -FAR });
  });
  it('maps select, clear, zoom and fit, and ignores other keys', () => {
    expect(keyCommand('Enter', false, 1)).toEqual({ type: 'select' });
    expect(keyCommand(' ', false, 1)).toEqual({ type: 'select' });
    expect(keyCommand('Escape', false, 1)).toEqual({ type: 'clear' });
    expect(keyCommand('+', false, 1)).toEqual({ type: 'zoom', dir: 1 });
    expect(keyCommand('=', false, 1)).toEqual({ type: 'zoom', dir: 1 });
    expect(keyCommand('-', false, 1)).toEqual({ type: 'zoom', dir: -1 });
    expect(keyCommand('0', false, 1)).toEqual({ type: 'fit' });
    expect(keyCommand('x', false, 1)).toBeNull();
  });
});
