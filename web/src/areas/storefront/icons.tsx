// The storefront's line icons, from lucide (imported by name, so only these few reach the bundle);
// every one is decorative: the words beside it carry the meaning.
import { Bookmark, Check, CircleAlert, Clock, FileText, JapaneseYen, MapPin, RotateCcw, Search, ShoppingBag, ShoppingCart, Store, Truck, X, type LucideIcon } from 'lucide-react';

const icons = {
  cart: ShoppingCart,
  pin: MapPin,
  bag: ShoppingBag,
  clock: Clock,
  store: Store,
  search: Search,
  doc: FileText,
  bookmark: Bookmark,
  check: Check,
  close: X,
  alert: CircleAlert,
  yuan: JapaneseYen,
  truck: Truck,
  undo: RotateCcw,
} as const satisfies Record<string, LucideIcon>;

export type IconName = keyof typeof icons;

export function Icon({ name, size = 18, className }: { name: IconName; size?: number; className?: string }) {
  const Glyph = icons[name];
  return <Glyph className={`sf-icon ${className ?? ''}`} size={size} strokeWidth={1.8} aria-hidden focusable="false" />;
}
