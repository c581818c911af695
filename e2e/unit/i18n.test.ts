// The UI's languages are complete, and no component carries its own words: this test fails when
// a key (or a plural form, or a {{placeholder}}) is missing in one language, when a zh-CN text is
// left in English, or when a .tsx file has text or a label written into it instead of using t().
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { en } from '../../renderer/i18n/en';
import { resolveLanguage } from '../../renderer/i18n/language';
import { LANGUAGES } from '../../renderer/i18n/messages';
import { zhCN } from '../../renderer/i18n/zh-CN';

const RENDERER = join(import.meta.dirname, '..', '..', 'renderer');
const TABLES: Readonly<Record<(typeof LANGUAGES)[number], Readonly<Record<string, string>>>> = { en, 'zh-CN': zhCN };
const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

/** base key → plural categories present ('' for a plain key). */
function shape(table: Readonly<Record<string, string>>): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const key of Object.keys(table)) {
    const match = PLURAL.exec(key);
    const base = match?.[1] ?? key;
    const category = match?.[2] ?? '';
    keys.set(base, (keys.get(base) ?? new Set()).add(category));
  }
  return keys;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const HAN = /\p{Script=Han}/u;

describe('translations', () => {
  const reference = shape(en);

  for (const language of LANGUAGES) {
    const table = TABLES[language];
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

    it(`${language}: every key of the English table, with this language's plural forms`, () => {
      const own = shape(table);
      const missing = [...reference.keys()].filter((base) => !own.has(base));
      const extra = [...own.keys()].filter((base) => !reference.has(base));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
      for (const [base, forms] of reference) {
        const isPlural = !forms.has('');
        const expected = isPlural ? categories.filter((c) => c === 'one' || c === 'other').sort() : [''];
        assert.deepEqual([...(own.get(base) ?? [])].sort(), expected, `${language} ${base}`);
      }
    });

    it(`${language}: every text has the English text's placeholders`, () => {
      for (const [key, text] of Object.entries(table)) {
        const base = PLURAL.exec(key)?.[1];
        const english = en[key as keyof typeof en] ?? (base === undefined ? undefined : (en as Record<string, string>)[`${base}_other`]);
        assert.ok(english !== undefined, `${key} has an English text`);
        assert.deepEqual(placeholders(text), placeholders(english), `${language} ${key}: ${text}`);
      }
    });
  }

  it('zh-CN: every text is Chinese (names and numbers shown as such excepted)', () => {
    // Names, numbers and punctuation only: the same in every language.
    const sameInEveryLanguage = new Set(['settings.tabComfyui', 'settings.languageEn', 'settings.format.webp', 'zoom.actualShort', 'zoom.percent', 'card.label', 'card.labelReviewed', 'backend.online', 'backend.onlineDevice']);
    const english = Object.entries(zhCN).filter(([key, text]) => !sameInEveryLanguage.has(key) && !HAN.test(text));
    assert.deepEqual(english, []);
  });

  it('en: no Chinese except the name of the Chinese language itself', () => {
    assert.deepEqual(Object.entries(en).filter(([key, text]) => key !== 'settings.languageZh' && HAN.test(text)), []);
  });
});

// ---------------------------------------------------------------------------------------------

/** Attributes whose string is read or shown to the user. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'aria-placeholder', 'title', 'alt', 'placeholder', 'label']);
const LETTER = /\p{L}/u;

function isText(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** Words written straight into JSX: text children, `{'text'}` children, and text attributes. */
export function hardCodedStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression !== undefined && isText(node.expression) && LETTER.test(node.expression.text) && !ts.isJsxAttribute(node.parent)) {
      report(node, node.expression.text);
    }
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(file)) && node.initializer !== undefined) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (value !== undefined && isText(value) && LETTER.test(value.text)) report(node, value.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('components use t() for every word', () => {
  it('finds hard-coded text, labels and {"string"} children (the check itself works)', () => {
    const sample = `
      export const A = () => (
        <div title="Photos" aria-label={'Close'}>
          Hello
          {'Retry'}
          <img alt="" src="x" />
          <p>{t('ok')} · {count}</p>
        </div>
      );`;
    assert.deepEqual(hardCodedStrings('sample.tsx', sample), ['sample.tsx:3: "Photos"', 'sample.tsx:3: "Close"', 'sample.tsx:4: "Hello"', 'sample.tsx:5: "Retry"']);
  });

  it('no renderer component has hard-coded words', () => {
    const files = tsxFiles(RENDERER);
    assert.ok(files.length > 20, `found the components (${files.length})`);
    const found = files.flatMap((path) => hardCodedStrings(relative(RENDERER, path), readFileSync(path, 'utf8')));
    assert.deepEqual(found, []);
  });
});

describe('resolveLanguage', () => {
  it('uses the setting, or the first preferred language Heirloom has', () => {
    assert.equal(resolveLanguage('en', ['zh-CN']), 'en');
    assert.equal(resolveLanguage('zh-CN', ['en-US']), 'zh-CN');
    assert.equal(resolveLanguage('system', ['zh-TW', 'en']), 'zh-CN');
    assert.equal(resolveLanguage('system', ['de-DE', 'en-GB', 'zh-CN']), 'en');
    assert.equal(resolveLanguage('system', ['fr', 'zh']), 'zh-CN');
    assert.equal(resolveLanguage('system', ['fr-FR']), 'en');
  });
});
