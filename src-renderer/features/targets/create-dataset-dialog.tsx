import {
  Button,
  ButtonGroup,
  Checkbox,
  Content,
  Dialog,
  Divider,
  Form,
  Heading,
  InlineAlert,
  Item,
  Picker,
  TextField,
  useDialogContainer,
} from '@adobe/react-spectrum';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { DatasetSummary, SchemaSummary } from '../../../src-shared/platform/targets';
import { classLabel } from '../../state/targets-slice';
import { useAppStoreApi } from '../../state/store-context';

/**
 * Creates a dataset from a schema, optionally enabled for Profile at once.
 * Why the irreversibility is said next to the checkbox: ticking it is the same one-way step as
 * the "Enable for Profile" confirmation, so it carries the same warning.
 */
export function CreateDatasetDialog({
  schemas,
  schemaId,
  onCreated,
}: {
  schemas: SchemaSummary[];
  schemaId: string;
  onCreated: (dataset: DatasetSummary) => void;
}) {
  const dialog = useDialogContainer();
  const store = useAppStoreApi();
  const [chosen, setChosen] = useState(schemaId);
  const schema = schemas.find((s) => s.id === chosen);
  const [name, setName] = useState(() => `${schema?.title ?? 'New'} dataset`);
  const [description, setDescription] = useState('');
  const [profile, setProfile] = useState(false);
  const [nameError, setNameError] = useState<string | undefined>();
  const [failure, setFailure] = useState<AppErrorShape | null>(null);
  const [saving, setSaving] = useState(false);

  const create = async () => {
    if (name.trim() === '') {
      setNameError('A dataset name is required.');
      return;
    }
    setSaving(true);
    setFailure(null);
    const result = await store
      .getState()
      .createDataset({ schemaId: chosen, name: name.trim(), profile, ...(description.trim() ? { description: description.trim() } : {}) });
    setSaving(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    onCreated(result.value);
    dialog.dismiss();
  };

  return (
    <Dialog size="M">
      <Heading>Create a dataset</Heading>
      <Divider />
      <Content>
        <Form
          aria-label="New dataset"
          labelPosition="top"
          validationBehavior="aria"
          onSubmit={(event) => {
            event.preventDefault();
            void create();
          }}
        >
          <Picker label="Schema" selectedKey={chosen} onSelectionChange={(key) => setChosen(String(key))} items={schemas}>
            {(item) => <Item key={item.id} textValue={item.title}>{`${item.title} (${classLabel(item.classId)})`}</Item>}
          </Picker>
          <TextField
            label="Dataset name"
            isRequired
            value={name}
            onChange={(value) => {
              setName(value);
              setNameError(undefined);
            }}
            {...(nameError !== undefined ? { validationState: 'invalid' as const, errorMessage: nameError } : {})}
            autoFocus
          />
          <TextField label="Description" value={description} onChange={setDescription} />
          <Checkbox isSelected={profile} onChange={setProfile} isDisabled={schema?.profileEnabled !== true}>
            Enable for Profile and Identity now
          </Checkbox>
          <p className="confirm-text confirm-text--muted">
            {schema?.profileEnabled
              ? 'Enabling cannot be undone: records that reach Profile stay in customer profiles even if the dataset is disabled later.'
              : 'The schema is not enabled for Profile, so the dataset can be enabled only after it is.'}
          </p>
        </Form>
        {failure ? (
          <InlineAlert variant="negative" marginTop="size-200">
            <Heading>The dataset was not created</Heading>
            <Content>{failure.message}</Content>
          </InlineAlert>
        ) : null}
      </Content>
      <ButtonGroup>
        <Button variant="secondary" onPress={dialog.dismiss} isDisabled={saving}>
          Cancel
        </Button>
        <Button variant="accent" onPress={() => void create()} isPending={saving}>
          Create dataset
        </Button>
      </ButtonGroup>
    </Dialog>
  );
}
