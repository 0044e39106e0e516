import { Button, Content, Flex, Form, Heading, InlineAlert, NumberField, ProgressCircle, Radio, RadioGroup } from '@adobe/react-spectrum';
import { useEffect, useRef, useState } from 'react';
import { type AppSettings, settingLimits, type Theme, themeChoices } from '../../../src-shared/domain/app-settings';
import { ScreenHeader } from '../../components/screen-header';
import { ErrorMessage } from '../../components/failure-details';
import { appSelectors } from '../../state/app-slice';
import { useAppStore } from '../../state/store-context';
import { DataFolderSection } from './data-folder-section';
import { SessionSecret } from './session-secret';
import { useSettings } from './use-settings';
import './settings.css';

const themeLabels: Record<Theme, string> = { system: 'As the system', light: 'Light', dark: 'Dark' };

/** The numbers a steward sets at once and saves together: retention and a new upload's tuning. */
type Numbers = Pick<AppSettings, 'retentionDays' | 'uploadConcurrency' | 'uploadChunkSizeMb'>;

/** Each number's label, and what follows its range in the words under it. */
const numberFields: Record<keyof Numbers, { label: string; description: string }> = {
  retentionDays: {
    label: 'Keep finished job folders (days)',
    description:
      '. When the app starts, uploads that succeeded longer ago are removed with their journal, and so are streaming runs that ended and prepared files that no kept upload or stream still reads. Running, interrupted (resumable) and failed uploads, and what they read, are always kept.',
  },
  uploadConcurrency: { label: 'Transfers at a time', description: ' parts or chunks sent in parallel. More is faster on a good line; AEP may throttle.' },
  uploadChunkSizeMb: {
    label: 'Chunk size (MiB)',
    description: '. Files larger than 256 MiB are sent in chunks of this size. Uploads already started keep theirs.',
  },
};

function NumbersForm({ settings, save, saving }: { settings: AppSettings; save: (patch: Partial<AppSettings>) => Promise<boolean>; saving: boolean }) {
  const [numbers, setNumbers] = useState<Numbers>({
    retentionDays: settings.retentionDays,
    uploadConcurrency: settings.uploadConcurrency,
    uploadChunkSizeMb: settings.uploadChunkSizeMb,
  });
  const [saved, setSaved] = useState(false);
  const savedNote = useRef<HTMLParagraphElement>(null);
  // Save turns itself off once the values are saved, and a disabled button drops the keyboard's
  // focus to the page: the note that says they were saved takes it, so the next Tab goes on from here.
  useEffect(() => {
    if (saved && (document.activeElement === null || document.activeElement === document.body)) savedNote.current?.focus();
  }, [saved]);
  const set = (key: keyof Numbers) => (value: number) => {
    setSaved(false);
    setNumbers((n) => ({ ...n, [key]: value }));
  };
  const complete = Object.values(numbers).every((v) => Number.isInteger(v));
  const changed = (Object.keys(numbers) as (keyof Numbers)[]).some((key) => numbers[key] !== settings[key]);
  const field = (key: keyof Numbers) => (
    <NumberField
      label={numberFields[key].label}
      width="size-4600"
      minValue={settingLimits[key].min}
      maxValue={settingLimits[key].max}
      step={1}
      value={numbers[key]}
      onChange={set(key)}
      description={`${settingLimits[key].min} to ${settingLimits[key].max}${numberFields[key].description}`}
    />
  );
  return (
    <Form
      aria-label="Job folders and new uploads"
      onSubmit={(event) => {
        event.preventDefault();
        void save(numbers).then((ok) => setSaved(ok));
      }}
    >
      <section className="settings-section" aria-labelledby="settings-retention">
        <h2 className="settings-section__title" id="settings-retention">
          Job folders
        </h2>
        {field('retentionDays')}
      </section>
      <section className="settings-section" aria-labelledby="settings-uploads">
        <h2 className="settings-section__title" id="settings-uploads">
          New uploads
        </h2>
        {field('uploadConcurrency')}
        {field('uploadChunkSizeMb')}
      </section>
      <Flex gap="size-150" alignItems="center" marginTop="size-100">
        <Button type="submit" variant="accent" isDisabled={!complete || !changed || saving}>
          Save
        </Button>
        {saved && !changed ? (
          <p className="prepare-muted settings-text" role="status" tabIndex={-1} ref={savedNote}>
            Saved. New uploads use these values.
          </p>
        ) : null}
      </Flex>
    </Form>
  );
}

/**
 * Settings: the window's theme, where data lives, how long finished jobs are kept, what a new
 * upload starts with, and a secret for this session where no keychain exists.
 * Why main keeps them: it validates each value (zod) and writes the settings file atomically; the
 * theme applies as soon as main has kept it.
 */
export function SettingsScreen() {
  const { view, error, saving, saveError, save, folder } = useSettings();
  const mode = useAppStore(appSelectors.mode);
  return (
    <Flex direction="column" gap="size-200">
      <ScreenHeader title="Settings" subtitle="How the window looks, where data lives, how long jobs are kept, and what new uploads start with." />
      {error ? (
        <InlineAlert variant="negative">
          <Heading>The settings could not be read</Heading>
          <Content>
            <ErrorMessage message={error.message} />
          </Content>
        </InlineAlert>
      ) : null}
      {!view && !error ? <ProgressCircle size="S" isIndeterminate aria-label="Reading the settings" /> : null}
      {view ? (
        <>
          {saveError ? (
            <InlineAlert variant="negative">
              <Heading>Not saved</Heading>
              <Content>{saveError.message}</Content>
            </InlineAlert>
          ) : null}
          <section className="settings-section" aria-labelledby="settings-theme">
            <h2 className="settings-section__title" id="settings-theme">
              Appearance
            </h2>
            <RadioGroup
              label="Theme"
              orientation="horizontal"
              value={view.settings.theme}
              onChange={(value) => void save({ theme: value as Theme })}
              // Read-only, not disabled, while a choice is saved: a disabled radio drops the
              // keyboard's focus to the page, and the steward who chose with the arrows loses their place.
              isReadOnly={saving}
            >
              {themeChoices.map((theme) => (
                <Radio key={theme} value={theme}>
                  {themeLabels[theme]}
                </Radio>
              ))}
            </RadioGroup>
          </section>
          <DataFolderSection folder={view.dataFolder} mode={mode} actions={folder} />
          <NumbersForm settings={view.settings} save={save} saving={saving} />
          <SessionSecret />
        </>
      ) : null}
    </Flex>
  );
}
