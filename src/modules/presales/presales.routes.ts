import type { App } from '../../platform/http.ts';

export function presalesRoutes(_app: App): void {
}
