using Codex.Contracts.Auth;
using Codex.Contracts.Notifications;
using Codex.Contracts.Organizations;
using Codex.Data;
using Codex.Workers.OrganizationApi.Members;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Invitations;

/// <summary>
/// <c>POST /api/organizations/:id/invitations</c>: owner or admin invites an address as admin, creator or member;
/// <c>201</c>. A single-use link valid 7 days goes out through the mail outbox (only the token's hash is kept). An
/// address that already belongs to the organization is 409 (a suspended member may be invited back); inviting a pending
/// address again withdraws the old link. Mail is limited per organization, inviter and address (<see cref="InvitationLimits"/>).
/// </summary>
public static class CreateInvitation
{
    public static async Task<IResult> HandleAsync(string id, CreateInvitationRequest body, CodexDbContext db, OrganizationAccess access,
        MailOutbox mail, RateLimitOptions limits, TimeProvider clock, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var manager = await access.RequireManagerAsync(organizationId, ct);
        new CreateInvitationRequestValidator().ValidateAndThrow(body);
        var email = AccountRules.NormaliseEmail(body.Email!);
        var role = body.Role!.Value;
        var account = await db.Users.AsNoTracking().Where(u => u.Email == email).Select(u => new { u.Id, u.Name }).FirstOrDefaultAsync(ct);
        var organizationName = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(ct);

        var token = SessionTokens.NewToken();
        var invitation = await MembershipWrites.InOrganizationLockAsync(db, organizationId, async tx =>
        {
            // A suspended member may be invited: accepting makes them active again (ADR 019).
            if (account is not null && await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == account.Id
                    && m.Status != MembershipStatus.Suspended, tx))
                throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "This person is already a member of the organization.");
            var now = clock.StoredNow();
            await InvitationLimits.EnsureAllowedAsync(db, limits, organizationId, manager.User.Id, email, now, tx);
            // One live link per address: the new one replaces any still pending.
            await db.Invitations.Where(i => i.OrganizationId == organizationId && i.Email == email && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), tx);
            var created = new Invitation
            {
                Id = Guid.NewGuid(), OrganizationId = organizationId, Email = email, Role = role, TokenHash = SessionTokens.Hash(token),
                InvitedById = manager.User.Id, ExpiresAt = now + InvitationRules.Lifetime, CreatedAt = now,
            };
            db.Invitations.Add(created);
            await db.SaveChangesAsync(tx);
            // The mail joins the outbox in the same transaction: an invitation is never stored without its mail.
            await mail.EnqueueAsync(EmailTemplateNames.Invitation, new SendEmailRequest(email, account?.Name ?? email, token)
            {
                Title = organizationName, Role = ContractJson.WireName(role), InvitedBy = manager.User.Name,
            }, tx);
            return created;
        }, ct);
        var dto = new InvitationDto(invitation.Id, organizationId, email, role, manager.User.Name, invitation.ExpiresAt, invitation.CreatedAt);
        return Results.Json(new DataEnvelope<InvitationDto>(dto), ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
