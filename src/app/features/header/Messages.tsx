/** Errors (the session is kept) and notices, each dismissible. */
import { clearError, dispatch, showNotice, useStudio } from '../../store';

export function Messages() {
  const error = useStudio((s) => s.error);
  const notice = useStudio((s) => s.notice);
  return (
    <>
      {error && (
        <div className="message error" role="alert">
          <span data-testid="error.message">{error}</span>
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
