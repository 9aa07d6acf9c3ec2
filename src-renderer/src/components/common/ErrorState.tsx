import { errorMessage } from '../../api/client';
import { StateMessage } from './StateMessage';

export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry: () => void;
}) {
  return (
    <StateMessage
      tone="error"
      title={title}
      action={
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      }
    >
      {errorMessage(error)}
    </StateMessage>
  );
}
