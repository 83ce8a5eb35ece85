using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.IdentityApi.Profile;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.PublicProfiles;

/// <summary>
/// <c>GET /api/users/:username</c> (anonymous; an addition to the contract): what anyone may see of a person (name,
/// username, bio, website, avatar; never the email). A 404 for a username nobody has, and for an account that was
/// deleted or disabled by a platform admin.
/// </summary>
public static class GetPublicProfile
{
    public static async Task<IResult> HandleAsync(string username, CodexDbContext db, CancellationToken ct)
    {
        if (!ProfileRules.UsernamePattern().IsMatch(username)) throw NotFound();
        var user = await db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.Username == username && u.DeletedAt == null && u.DisabledAt == null, ct) ?? throw NotFound();
        return Results.Json(new DataEnvelope<PublicProfileDto>(ProfileProjection.Public(user)), ContractJson.Options);
    }

    private static ApiException NotFound() => ApiException.NotFound("The person");
}
