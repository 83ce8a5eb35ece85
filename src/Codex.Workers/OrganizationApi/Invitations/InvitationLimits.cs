using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Invitations;

/// <summary>
/// Invitation mail goes to any address with names the inviter chose, so it is limited (ADR 019): per organization
/// (<c>RateLimits__InvitationsPerOrganizationPerDay</c>), per inviter across organizations
/// (<c>RateLimits__InvitationsPerInviterPerDay</c>), and per address, which one organization may mail again only after
/// <c>RateLimits__InvitationCooldownMinutes</c>. The invitations table is the record (withdrawn ones count: their mail
/// went out), so the limits hold across restarts and processes. Refusals are 429 <c>RATE_LIMITED</c> with
/// <c>Retry-After</c> and <c>details.retryAfterSeconds</c>.
/// </summary>
public static class InvitationLimits
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Throws 429 when one of the limits is reached. Call it under the organization's lock, so two invitations at once cannot both pass.</summary>
    public static async Task EnsureAllowedAsync(CodexDbContext db, RateLimitOptions limits, Guid organizationId, Guid inviterId,
        string email, DateTimeOffset now, CancellationToken ct)
    {
        var cooldown = TimeSpan.FromMinutes(limits.InvitationCooldownMinutes);
        var lastToAddress = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.Email == email && i.CreatedAt > now - cooldown)
            .OrderByDescending(i => i.CreatedAt).Select(i => (DateTimeOffset?)i.CreatedAt).FirstOrDefaultAsync(ct);
        if (lastToAddress is { } last)
            throw Limited(last + cooldown - now,
                $"{email} was invited a moment ago. You can send a new invitation to this address in {Minutes(last + cooldown - now)}.");

        var byOrganization = db.Invitations.AsNoTracking().Where(i => i.OrganizationId == organizationId && i.CreatedAt > now - Day);
        if (await byOrganization.CountAsync(ct) >= limits.InvitationsPerOrganizationPerDay)
        {
            var oldest = await byOrganization.OrderBy(i => i.CreatedAt).Select(i => i.CreatedAt).FirstAsync(ct);
            throw Limited(oldest + Day - now,
                $"This organization has sent {limits.InvitationsPerOrganizationPerDay} invitations in the last 24 hours, the most it may. Try again in {Minutes(oldest + Day - now)}.");
        }

        var byInviter = db.Invitations.AsNoTracking().Where(i => i.InvitedById == inviterId && i.CreatedAt > now - Day);
        if (await byInviter.CountAsync(ct) >= limits.InvitationsPerInviterPerDay)
        {
            var oldest = await byInviter.OrderBy(i => i.CreatedAt).Select(i => i.CreatedAt).FirstAsync(ct);
            throw Limited(oldest + Day - now,
                $"You have sent {limits.InvitationsPerInviterPerDay} invitations in the last 24 hours, the most one person may. Try again in {Minutes(oldest + Day - now)}.");
        }
    }

    private static ApiException Limited(TimeSpan wait, string message) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, message, new RateLimitDetails(Seconds(wait)));

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static string Minutes(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes >= 120 ? $"{(int)Math.Ceiling(minutes / 60.0)} hours" : minutes == 1 ? "a minute" : $"{minutes} minutes";
    }
}
