// HTTP: paste-to-order (the reseller pastes a chat message, gets a draft order to confirm).
import type { App } from '../platform/http.ts';

export function pasteOrderRoutes(_app: App): void {
  // Routes are added with the paste-to-order parser.
}
