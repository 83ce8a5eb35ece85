using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.IdentityApi.Profile;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Avatar;

/// <summary>
/// <c>POST /api/user/avatar</c> (<c>multipart/form-data</c>, one part <c>file</c>): a PNG, JPEG or WebP picture of at most
/// 2 MB recognised by its content (<see cref="PictureUpload"/>, as for logos), whatever its name or claimed type; SVG and
/// anything else is a 400 on <c>file</c>, a larger file a 413 <c>PAYLOAD_TOO_LARGE</c>. It is stored under a new random
/// name and the file it replaces is deleted. Answers <c>200 {data: Profile}</c>. <c>DELETE</c> on the same route (an
/// addition) removes the avatar and its file; <c>204</c>.
/// </summary>
public static class UploadAvatar
{
    public static async Task<IResult> HandleAsync(HttpContext http, CurrentUser current, CodexDbContext db, IMediaStore store, Avatars avatars,
        TimeProvider clock, ProfileCaches caches, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var (bytes, picture) = await PictureUpload.ReadAsync(http.Request, ProfileRules.AvatarMaxBytes, ProfileRules.AvatarField,
            "This is not a picture we can take: upload a PNG, JPEG or WebP image (not SVG).", ct);

        var key = Avatars.KeyOf(caller.Id, $"{Guid.NewGuid():N}.{picture.Extension}");
        await using (var content = new MemoryStream(bytes.ToArray(), writable: false))
            await store.SaveAsync(key, content, picture.MimeType, ct);
        User user;
        string? previous;
        try
        {
            (user, previous) = await SetAvatarAsync(db, clock, caller.Id, key, ct);
        }
        catch
        {
            await avatars.DeleteAsync(key); // nothing names it: it must not stay behind
            throw;
        }
        await avatars.DeleteAsync(previous);
        await caches.ChangedAsync(user.Id, user.Username, user.Username, nameShown: false, ct);
        var pending = await ProfileProjection.PendingEmailAsync(db, user.Id, clock.GetUtcNow(), ct);
        return Results.Json(new DataEnvelope<ProfileDto>(ProfileProjection.Own(user, pending)), ContractJson.Options);
    }

    public static async Task<IResult> DeleteAsync(CurrentUser current, CodexDbContext db, Avatars avatars, TimeProvider clock,
        ProfileCaches caches, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var (user, previous) = await SetAvatarAsync(db, clock, caller.Id, null, ct);
        await avatars.DeleteAsync(previous);
        if (previous is not null) await caches.ChangedAsync(user.Id, user.Username, user.Username, nameShown: false, ct);
        return Results.NoContent();
    }

    private static async Task<(User User, string? Previous)> SetAvatarAsync(CodexDbContext db, TimeProvider clock, Guid userId, string? key,
        CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, ct) ?? throw ApiException.Unauthorized();
        var previous = user.AvatarKey;
        user.AvatarKey = key;
        user.UpdatedAt = clock.StoredNow();
        await db.SaveChangesAsync(ct);
        return (user, previous);
    }
}
