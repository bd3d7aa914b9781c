/** The dashboard's sentences (nav bar and top bar), added to the one channel when its code loads. */
import { addCatalogues } from '../index.ts';
import en from './en.json';
import zhCN from './zh-CN.json';

addCatalogues({ en, 'zh-CN': zhCN });
