// i18next with zh-CN as the default language and en as the second; the choice is remembered.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from '../i18n/zh-CN.json';
import en from '../i18n/en.json';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('lang') : null;
const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: fromUrl === 'en' || fromUrl === 'zh-CN' ? fromUrl : saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

i18n.on('languageChanged', (lng) => {
  localStorage.setItem('lang', lng);
  document.documentElement.lang = lng;
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export default i18n;
