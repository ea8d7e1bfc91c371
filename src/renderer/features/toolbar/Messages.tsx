// The status line (one line, never shifting the layout) and the alert, read from the notices store;
// a running import shows its Cancel button here.
import { useNotices, useStores } from '../../state/stores';

export function Messages() {
  const { notices } = useStores();
  const { status, alert, job } = useNotices();
  return (
    <div className="messages">
      <div className="status-row">
        <p role="status" aria-live="polite" className="status" title={status || undefined}>{status}</p>
        {job?.cancel && (
          <button type="button" className="cancel-job" onClick={job.cancel}>
            Cancel import
          </button>
        )}
      </div>
      {alert && (
        <p role="alert" className="alert">
          {alert.text}{' '}
          {alert.action && (
            <button type="button" onClick={alert.action.run}>
              {alert.action.label}
            </button>
          )}{' '}
          <button type="button" onClick={() => notices.dismissAlert()}>Dismiss</button>
        </p>
      )}
    </div>
  );
}
