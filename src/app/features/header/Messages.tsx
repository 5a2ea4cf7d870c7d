/** Errors (the session is kept) and notices, each dismissible. */
import { clearError, dispatch, showNotice, useStudio } from '../../store';

export function Messages() {
  const error = useStudio((s) => s.error);
  const notice = useStudio((s) => s.notice);
  const detail = useStudio((s) => s.errorDetail);
  return (
    <>
      {error && (
        <div className="message error" role="alert">
          <div>
            <span data-testid="error.message">{error}</span>
            {detail && (
              <details className="error-detail" data-testid="error.detail">
                <summary>Technical details</summary>
                <code>{detail}</code>
              </details>
            )}
          </div>
          <button type="button" aria-label="Dismiss error" onClick={() => dispatch(clearError, undefined)}>×</button>
        </div>
      )}
      {notice && (
        <div className="message notice" role="status">
          <span data-testid="notice.message">{notice}</span>
          <button type="button" aria-label="Dismiss notice" onClick={() => dispatch(showNotice, null)}>×</button>
        </div>
      )}
    </>
  );
}
