using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.OrganizationApi.Members;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Invitations;

/// <summary>
/// <c>POST /api/invitations/accept</c>: the signed-in person whose address was invited takes the invitation (once) and
/// gets the membership (<c>200 {data: membership}</c>). Someone already in the organization keeps the higher of the two
/// roles: an invitation never demotes. Another account is 403 (nothing is used up); an unknown, used, expired or
/// withdrawn link is 400 <c>INVALID_TOKEN</c> with <c>details.reason</c>.
/// <c>POST /api/invitations/preview</c> (addition to the contract) says what a link offers, to anyone holding it.
/// </summary>
public static class AcceptInvitation
{
    public static async Task<IResult> AcceptAsync(InvitationTokenRequest body, CodexDbContext db, CurrentUser currentUser, TimeProvider clock,
        SiteCache site, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var invitation = await FindUsableAsync(db, body.Token, clock, ct);
        if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                $"This invitation was sent to {InvitationRules.MaskEmail(invitation.Email)}: sign in with that address to accept it.");

        await MembershipWrites.InOrganizationLockAsync(db, invitation.OrganizationId, async tx =>
        {
            var now = clock.StoredNow();
            // The conditional update uses the link once, also when the same link is accepted twice at the same moment.
            var taken = await db.Invitations
                .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedById, user.Id), tx);
            if (taken == 0) throw Invalid(InvitationRules.Used);
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.OrganizationId == invitation.OrganizationId && m.UserId == user.Id, tx);
            if (membership is null)
                db.Memberships.Add(new Membership
                {
                    Id = Guid.NewGuid(), OrganizationId = invitation.OrganizationId, UserId = user.Id, Role = invitation.Role,
                    Status = MembershipStatus.Active, CreatedAt = now,
                });
            else
            {
                if (RoleNames.Rank(invitation.Role) > RoleNames.Rank(membership.Role)) membership.Role = invitation.Role;
                membership.Status = MembershipStatus.Active; // the organization asked them in again
            }
            await db.SaveChangesAsync(tx);
            return true;
        }, ct);
        await MembershipWrites.MembershipChangedAsync(db, site, invitation.OrganizationId, user.Id, ct);
        var accepted = await MembershipWrites.MembershipAsync(db, invitation.OrganizationId, user.Id, ct);
        return Results.Json(new DataEnvelope<MembershipDto>(accepted), ContractJson.Options);
    }

    public static async Task<IResult> PreviewAsync(InvitationTokenRequest body, CodexDbContext db, CurrentUser currentUser, TimeProvider clock,
        CancellationToken ct)
    {
        var invitation = await FindUsableAsync(db, body.Token, clock, ct);
        var user = await currentUser.GetAsync(ct);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == invitation.OrganizationId)
            .Select(o => new OrganizationDto(o.Id, o.Slug, o.Name, o.Description, o.LogoUrl, o.WebsiteUrl, o.CreatedAt))
            .FirstAsync(ct);
        var preview = new InvitationPreviewDto(organization, invitation.Role, InvitationRules.MaskEmail(invitation.Email), invitation.ExpiresAt,
            user is null ? null : string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase));
        return Results.Json(new DataEnvelope<InvitationPreviewDto>(preview), ContractJson.Options);
    }

    /// <summary>The invitation of a link that still works, or a 400 <c>INVALID_TOKEN</c> saying why not.</summary>
    private static async Task<Invitation> FindUsableAsync(CodexDbContext db, string? token, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) throw Invalid(InvitationRules.Unknown);
        var hash = SessionTokens.Hash(token);
        var invitation = await db.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.Organization!.DeletedAt == null, ct)
            ?? throw Invalid(InvitationRules.Unknown);
        if (invitation.AcceptedAt is not null) throw Invalid(InvitationRules.Used);
        if (invitation.RevokedAt is not null) throw Invalid(InvitationRules.Withdrawn);
        if (invitation.ExpiresAt <= clock.GetUtcNow()) throw Invalid(InvitationRules.Expired);
        return invitation;
    }

    private static ApiException Invalid(string reason) => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidToken, reason switch
    {
        InvitationRules.Used => "This invitation has been used already.",
        InvitationRules.Expired => "This invitation has expired: ask the organization for a new one.",
        InvitationRules.Withdrawn => "This invitation was withdrawn by the organization.",
        _ => "This invitation link is not valid: check that you copied all of it.",
    }, new InvitationProblemDetails(reason));
}
