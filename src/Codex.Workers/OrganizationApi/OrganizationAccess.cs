using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi;

/// <summary>A caller allowed to manage an organization; <see cref="IsOwner"/> also for a platform admin.</summary>
public sealed record Manager(SessionUser User, bool IsOwner);

/// <summary>Who may manage an organization: its active owners and admins, and platform admins.</summary>
public sealed class OrganizationAccess(CodexDbContext db, CurrentUser currentUser)
{
    /// <summary>The <c>:id</c> of a route as a UUID, or a 400 with <c>fieldErrors.id</c>.</summary>
    public static Guid ParseId(string id) => OrganizationManagers.ParseId(id);

    /// <summary>
    /// The caller as a manager of the organization, checked in the order a caller can act on: 401 without a
    /// session, 404 for an unknown or deleted organization, 403 for anyone who is not its owner or admin.
    /// </summary>
    public async Task<Manager> RequireManagerAsync(Guid organizationId, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)) throw NotFound();
        if (user.Role == UserRole.Admin) return new Manager(user, IsOwner: true);

        return await OrganizationManagers.RoleAsync(db, organizationId, user.Id, ct) switch
        {
            MemberRole.Owner => new Manager(user, IsOwner: true),
            MemberRole.Admin => new Manager(user, IsOwner: false),
            _ => throw await OrganizationManagers.RefusalAsync(db, organizationId, NotFound, ct),
        };
    }

    public static ApiException NotFound() => ApiException.NotFound("The organization");

    public static ApiException SlugTaken() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.SlugTaken, "This address is already taken; choose another.");

    /// <summary>
    /// Whether another organization already uses <paramref name="slug"/>, in any case. A deleted organization keeps
    /// its slug (ADR 022): its buyers' links still name it, and nobody else may take them over.
    /// </summary>
    public Task<bool> SlugTakenAsync(string slug, Guid? except, CancellationToken ct)
    {
        var lower = slug.ToLowerInvariant();
        return db.Organizations.AsNoTracking().AnyAsync(o => o.Slug.ToLower() == lower && o.Id != except, ct);
    }
}
