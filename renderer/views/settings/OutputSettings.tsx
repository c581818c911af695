// Where colorized copies go and what they look like: folder, file name pattern (with a preview),
// format, and whether date taken, GPS and colour profile are kept. Text fields save when they
// lose focus or on Enter; the others when changed.
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { OUTPUT_FORMATS } from '../../../electron/shared/contract';
import type { SettingsDto } from '../../../electron/shared/contract';
import { useT } from '../../i18n/use-t';
import { previewName } from './naming';
import { SaveStatus } from './SaveStatus';
import { useAutosave } from './use-autosave';

const FIELDS = ['outputDir', 'namingPattern', 'outputFormat', 'keepMetadata'] as const;
/** The preview's example: a typical old-photo file name. */
const EXAMPLE_STEM = 'Grandma 1952';

function saveOnEnter(event: KeyboardEvent<HTMLInputElement>): void {
  if (event.key === 'Enter') {
    event.preventDefault();
    event.currentTarget.blur();
  }
}

export function OutputSettings({ settings }: { settings: SettingsDto }) {
  const t = useT();
  const { state, save, errorOf } = useAutosave(FIELDS);
  const [outputDir, setOutputDir] = useState(settings.outputDir);
  const [pattern, setPattern] = useState(settings.namingPattern);
  const [today] = useState(() => new Date());
  // Shown as chosen at once; the core's answer follows (and its message if it refuses).
  const [format, setFormat] = useState(settings.outputFormat);
  const [keepMetadata, setKeepMetadata] = useState(settings.keepMetadata);
  const patternProblem = pattern.includes('{name}') ? undefined : t('settings.namingNeedsName');
  const dirProblem = outputDir.trim() === '' ? t('settings.required') : undefined;

  const error = (field: (typeof FIELDS)[number], local?: string) => (
    <p id={`settings-${field}-error`} className="field-error" data-testid={`error-${field}`}>
      {local ?? errorOf(field)}
    </p>
  );

  return (
    <div className="settings-section" data-testid="settings-output">
      <div className="field">
        <label htmlFor="settings-outputDir">{t('settings.outputDir')}</label>
        <input
          id="settings-outputDir"
          type="text"
          value={outputDir}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={dirProblem !== undefined || errorOf('outputDir') !== undefined}
          aria-describedby="settings-outputDir-hint settings-outputDir-error"
          onChange={(e) => setOutputDir(e.currentTarget.value)}
          onKeyDown={saveOnEnter}
          onBlur={() => {
            if (dirProblem === undefined && outputDir !== settings.outputDir) void save({ outputDir });
          }}
        />
        <p id="settings-outputDir-hint" className="field-hint">
          {t('settings.outputDirHint')}
        </p>
        {error('outputDir', dirProblem)}
      </div>
      <div className="field">
        <label htmlFor="settings-namingPattern">{t('settings.naming')}</label>
        <input
          id="settings-namingPattern"
          type="text"
          value={pattern}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={patternProblem !== undefined || errorOf('namingPattern') !== undefined}
          aria-describedby="settings-namingPattern-hint settings-namingPattern-error"
          onChange={(e) => setPattern(e.currentTarget.value)}
          onKeyDown={saveOnEnter}
          onBlur={() => {
            // The core checks too (and words its own message); an obviously broken pattern is not sent.
            if (patternProblem === undefined && pattern !== settings.namingPattern) void save({ namingPattern: pattern });
          }}
        />
        <p id="settings-namingPattern-hint" className="field-hint">
          {t('settings.namingHint', { example: previewName(pattern, format, { stem: EXAMPLE_STEM, workflowId: settings.workflowId, date: today }) })}
        </p>
        {error('namingPattern', patternProblem)}
      </div>
      <div className="field">
        <label htmlFor="settings-outputFormat">{t('settings.format')}</label>
        <select
          id="settings-outputFormat"
          value={format}
          aria-describedby="settings-outputFormat-error"
          onChange={(e) => {
            const value = OUTPUT_FORMATS.find((f) => f === e.currentTarget.value);
            if (value === undefined) return;
            setFormat(value);
            void save({ outputFormat: value });
          }}
        >
          {OUTPUT_FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(`settings.format.${format}`)}
            </option>
          ))}
        </select>
        {error('outputFormat')}
      </div>
      <div className="field field-check">
        <input
          id="settings-keepMetadata"
          type="checkbox"
          checked={keepMetadata}
          aria-describedby="settings-keepMetadata-hint settings-keepMetadata-error"
          onChange={(e) => {
            const value = e.currentTarget.checked;
            setKeepMetadata(value);
            void save({ keepMetadata: value });
          }}
        />
        <label htmlFor="settings-keepMetadata">{t('settings.keepMetadata')}</label>
        <p id="settings-keepMetadata-hint" className="field-hint">
          {t('settings.keepMetadataHint')}
        </p>
        {error('keepMetadata')}
      </div>
      <SaveStatus state={state} />
    </div>
  );
}
