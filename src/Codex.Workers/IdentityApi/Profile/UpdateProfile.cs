using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Profile;

/// <summary>
/// <c>PATCH /api/user/profile</c> <c>{name?, username?, bio?, websiteUrl?}</c>: a true partial update (absent keeps, null
/// or blank clears; the name cannot be cleared), checked on the profile as the change leaves it. A username taken by
/// someone else is a 409 <c>CONFLICT</c> whose <c>fieldErrors</c> name <c>username</c>. What the public sees (name,
/// username, bio, website) drops the site's copies of it (<see cref="ProfileCaches"/>).
/// </summary>
public static class UpdateProfile
{
    public static async Task<IResult> HandleAsync(UpdateProfileFieldsRequest body, CurrentUser current, CodexDbContext db, TimeProvider clock,
        ProfileCaches caches, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id && u.DeletedAt == null, ct) ?? throw ApiException.Unauthorized();
        var before = new ProfileFields { Name = user.Name, Username = user.Username, Bio = user.Bio, WebsiteUrl = user.WebsiteUrl };
        var after = body.ApplyTo(before);
        new ProfileFieldsValidator().ValidateAndThrow(after);

        var usernameChanged = after.Username != before.Username;
        if (usernameChanged && after.Username is { } wanted && await TakenAsync(db, wanted, user.Id, ct)) throw UsernameTaken(wanted);
        user.Name = after.Name!;
        user.Username = after.Username;
        user.Bio = after.Bio;
        user.WebsiteUrl = after.WebsiteUrl;
        user.UpdatedAt = clock.StoredNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (usernameChanged && DbErrors.IsUniqueViolation(e))
        {
            throw UsernameTaken(after.Username!); // someone took it between the check and the write
        }

        await caches.ChangedAsync(user.Id, before.Username, after.Username, nameShown: after.Name != before.Name || usernameChanged, ct);
        var pending = await ProfileProjection.PendingEmailAsync(db, user.Id, clock.GetUtcNow(), ct);
        return Results.Json(new DataEnvelope<ProfileDto>(ProfileProjection.Own(user, pending)), ContractJson.Options);
    }

    private static Task<bool> TakenAsync(CodexDbContext db, string username, Guid self, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Username == username && u.Id != self, ct);

    private static ApiException UsernameTaken(string username) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"The username \"{username}\" is taken. Choose another one.",
            new ValidationDetails(new Dictionary<string, string[]> { ["username"] = [$"\"{username}\" is taken. Choose another one."] }));
}
