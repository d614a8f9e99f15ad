import { InlineField, Text } from '@grafana/ui';

import { LABEL_WIDTH } from '../components/pickers';

/** List Workspaces / List Scenes take no options; say what the query returns instead. */
export function NoOptionsEditor({ what }: { what: string }) {
  return (
    <InlineField label="Returns" labelWidth={LABEL_WIDTH}>
      <Text color="secondary">{what}</Text>
    </InlineField>
  );
}
