import { EmptyState } from '@party/ui';

export function HomePage({ name }: { name: string }) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Welcome, {name}</h1>
          <p className="muted">Photos of our nights and the DJ sets that made them.</p>
        </div>
      </div>
      <EmptyState title="Nothing published yet">
        When the admins publish event galleries and music sets, you will find them here.
      </EmptyState>
    </>
  );
}
