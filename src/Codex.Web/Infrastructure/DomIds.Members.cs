namespace Codex.Web.Infrastructure;

/// <summary>Ids of the members page, the invitation page and the join panels.</summary>
public static partial class DomIds
{
    public const string MembersPanel = "members-panel";
    public const string MembersTable = "members-table";
    public const string MembersSearch = "members-search";
    public const string InviteForm = "invite-form";
    public const string PendingInvitations = "pending-invitations";
    public const string RemoveConfirm = "remove-confirm";
    public const string LeaveForm = "leave-form";
    public const string Invitation = "invitation";
    public const string AcceptInvitationForm = "accept-invitation-form";
    public const string JoinPanel = "join-panel";
    public const string JoinForm = "join-form";
}
