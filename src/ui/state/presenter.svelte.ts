/**
 * Presenter mode (a projector at the front of a room): four key charts large, the game feed beside
 * them. On with `?presenter=1` in the link or the toggle; the link keeps the choice (url.ts page flags).
 */
import { settings } from './settings.svelte';
import { pageFlag, setPageFlag, toQuery } from './url';

class PresenterState {
  on = $state(pageFlag('presenter'));

  set(on: boolean): void {
    this.on = on;
    setPageFlag('presenter', on);
    if (typeof history === 'undefined') return;
    const url = `${location.pathname}${toQuery(settings.value, settings.autosaveEvery)}${location.hash}`;
    history.replaceState(history.state, '', url);
  }
}

export const presenter = new PresenterState();
