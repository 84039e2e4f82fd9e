import type { App } from '../../platform/http.ts';

export function flashSalesRoutes(_app: App): void {
}
