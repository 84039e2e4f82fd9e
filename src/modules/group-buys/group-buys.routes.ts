import type { App } from '../../platform/http.ts';

export function groupBuysRoutes(_app: App): void {
}
