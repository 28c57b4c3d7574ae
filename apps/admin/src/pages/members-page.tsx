import { Alert, EmptyState, errorText, Spinner, trpc } from '@party/ui';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function MembersPage() {
  const utils = trpc.useUtils();
  const me = trpc.account.me.useQuery();
  const members = trpc.admin.members.list.useQuery();
  const setDisabled = trpc.admin.members.setDisabled.useMutation({
    onSuccess: () => utils.admin.members.list.invalidate(),
  });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Members</h1>
          <p className="muted">Disabling an account signs it out everywhere and stops new sign-ins.</p>
        </div>
      </div>
      <section className="card">
        {setDisabled.error && <Alert>{errorText(setDisabled.error)}</Alert>}
        {members.isPending ? (
          <Spinner />
        ) : members.error ? (
          <Alert>{errorText(members.error)}</Alert>
        ) : members.data.length === 0 ? (
          <EmptyState title="No accounts yet" />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>E-mail</th>
                <th>Role</th>
                <th>Joined</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => (
                <tr key={member.id}>
                  <td data-label="Name">
                    {member.name} {member.disabled && <span className="badge badge--disabled">disabled</span>}
                  </td>
                  <td data-label="E-mail">{member.email}</td>
                  <td data-label="Role">{member.role}</td>
                  <td data-label="Joined">{date.format(member.createdAt)}</td>
                  <td className="actions">
                    {member.id !== me.data?.id && (
                      <button
                        type="button"
                        className={`button button--small${member.disabled ? '' : ' button--danger'}`}
                        disabled={setDisabled.isPending}
                        onClick={() => setDisabled.mutate({ userId: member.id, disabled: !member.disabled })}
                      >
                        {member.disabled ? 'Enable' : 'Disable'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
