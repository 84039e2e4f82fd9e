import type { App } from '../../platform/http.ts';

export function promotionsRoutes(_app: App): void {
}
