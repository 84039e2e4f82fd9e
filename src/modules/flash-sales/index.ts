export { flashOnly } from './flash-sales.service.ts';
