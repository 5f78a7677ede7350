import { ref } from 'vue';
import { en } from './messages-en';
import { zh } from './messages-zh';

export type Locale = 'en' | 'zh-CN';
export type MessageKey = keyof typeof en;
const DICTS: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };
const KEY = 'floorpulse.locale';

function initial(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl;
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // no storage
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const locale = ref<Locale>(initial());

/** `keep: false`: for this load only (a display link's language must not become the browser's choice). */
export function setLocale(l: Locale, opts: { keep?: boolean } = {}): void {
  locale.value = l;
  document.documentElement.lang = l;
  if (opts.keep === false) return;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // no storage
  }
}

/** "{n} of {m}" → filled; reads `locale`, so templates re-render when it changes. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = DICTS[locale.value][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (vars[name] === undefined ? all : String(vars[name])));
}
