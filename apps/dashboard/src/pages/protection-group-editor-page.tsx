import Header from '@cloudscape-design/components/header';

// TODO: being written.
export function ProtectionGroupEditorPage() {
  return <Header variant="h1">ProtectionGroupEditorPage</Header>;
}
