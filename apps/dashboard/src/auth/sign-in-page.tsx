import { FormEvent, useState } from 'react';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { ApiError } from '../api/api-error';
import { OidcSignInButton } from './oidc-sign-in';
import { useSession } from './session';

export function SignInPage() {
  const { signIn, endReason } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(name, password);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.statusCode === 401
          ? 'The user name or password is not valid.'
          : (failure as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box padding={{ top: 'xxxl', horizontal: 'l' }}>
      <div style={{ maxWidth: 420, margin: '0 auto' }}>
        <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
          <Form
            header={
              <Header variant="h1" description="Recovery orchestration for AWS Elastic Disaster Recovery">
                DRS Orchestrator
              </Header>
            }
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <OidcSignInButton />
                <Button variant="primary" formAction="submit" loading={busy}>
                  Sign in
                </Button>
              </SpaceBetween>
            }
            errorText={error ?? undefined}
          >
            <Container>
              <SpaceBetween size="m">
                {endReason && <Alert type="info">{endReason}</Alert>}
                <FormField label="User name">
                  <Input
                    value={name}
                    onChange={({ detail }) => setName(detail.value)}
                    autoComplete="username"
                    autoFocus
                  />
                </FormField>
                <FormField label="Password">
                  <Input
                    type="password"
                    value={password}
                    onChange={({ detail }) => setPassword(detail.value)}
                    autoComplete="current-password"
                  />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </div>
    </Box>
  );
}
