using Codex.Contracts.Organizations;
using Flurl.Http;

namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Organization-API's members, invitations and joining, as the site uses them.</summary>
public sealed partial class OrganizationClient
{
    /// <summary>One page of the members, by name, optionally searched by name or email.</summary>
    public Task<PagedList<MemberDto>> MembersAsync(Guid organizationId, MemberListQuery query, CancellationToken ct) =>
        GetAsync<PagedList<MemberDto>>(Request(CallBudget.Read, OrganizationRoutes.Members, organizationId).SetQueryParams(query.ToParameters()), ct);

    /// <summary>One member, or null when they are not one (for managers, or the member themself).</summary>
    public async Task<MemberDto?> MemberAsync(Guid organizationId, Guid userId, CancellationToken ct) =>
        (await GetOrNullAsync<DataEnvelope<MemberDto>>(Request(CallBudget.Read, OrganizationRoutes.Member, organizationId, userId), ct))?.Data;

    /// <summary><c>PATCH .../members/:userId</c>: 403 for an admin touching owners, 409 for the last owner.</summary>
    public async Task<MemberDto> ChangeRoleAsync(Guid organizationId, Guid userId, MemberRole role, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Member, organizationId, userId)
            .PatchJsonAsync(new UpdateMemberRequest(role), cancellationToken: token).ReceiveJson<DataEnvelope<MemberDto>>(), ct)).Data;

    /// <summary><c>DELETE .../members/:userId</c>: a manager removes someone, or the caller leaves.</summary>
    public Task RemoveMemberAsync(Guid organizationId, Guid userId, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Member, organizationId, userId).DeleteAsync(cancellationToken: token), ct);

    public async Task<IReadOnlyList<InvitationDto>> InvitationsAsync(Guid organizationId, CancellationToken ct) =>
        (await GetAsync<DataEnvelope<IReadOnlyList<InvitationDto>>>(Request(CallBudget.Read, OrganizationRoutes.Invitations, organizationId), ct)).Data;

    /// <summary><c>POST .../invitations</c>: 409 when the address is already a member.</summary>
    public async Task<InvitationDto> InviteAsync(Guid organizationId, CreateInvitationRequest request, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Invitations, organizationId)
            .PostJsonAsync(request, cancellationToken: token).ReceiveJson<DataEnvelope<InvitationDto>>(), ct)).Data;

    public Task WithdrawInvitationAsync(Guid organizationId, Guid invitationId, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Invitation, organizationId, invitationId).DeleteAsync(cancellationToken: token), ct);

    /// <summary>What a link offers; a 400 <c>INVALID_TOKEN</c> (with <c>details.reason</c>) when it no longer works.</summary>
    public async Task<InvitationPreviewDto> PreviewInvitationAsync(string token, CancellationToken ct) =>
        (await CallAsync(t => Request(CallBudget.Read, OrganizationRoutes.PreviewInvitation)
            .PostJsonAsync(new InvitationTokenRequest(token), cancellationToken: t).ReceiveJson<DataEnvelope<InvitationPreviewDto>>(), ct)).Data;

    /// <summary>Takes the invitation for the signed-in caller: 403 for another account, 400 for a link that no longer works.</summary>
    public async Task<MembershipDto> AcceptInvitationAsync(string token, CancellationToken ct) =>
        (await CallAsync(t => Request(CallBudget.Form, OrganizationRoutes.AcceptInvitation)
            .PostJsonAsync(new InvitationTokenRequest(token), cancellationToken: t).ReceiveJson<DataEnvelope<MembershipDto>>(), ct)).Data;

    /// <summary>Joins as a free member: 403 where signups are off.</summary>
    public async Task<MembershipDto> JoinAsync(Guid organizationId, CancellationToken ct) =>
        (await CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Join, organizationId)
            .PostAsync(cancellationToken: token).ReceiveJson<DataEnvelope<MembershipDto>>(), ct)).Data;

    /// <summary>Leaves: 409 for the last owner.</summary>
    public Task LeaveAsync(Guid organizationId, CancellationToken ct) =>
        CallAsync(token => Request(CallBudget.Form, OrganizationRoutes.Join, organizationId).DeleteAsync(cancellationToken: token), ct);
}
