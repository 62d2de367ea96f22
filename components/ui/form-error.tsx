/** An error a person can act on, announced to screen readers. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" data-testid="form-error">
      {message}
    </p>
  );
}
