using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// <c>PATCH /api/content/:id</c>: a true partial update. A field left out keeps its value, <c>null</c> clears a
/// nullable one, and the content rules are checked on the item as the change would leave it (so changing a free
/// item to paid needs a price in the same request).
/// </summary>
public static class UpdateContent
{
    public static async Task<IResult> HandleAsync(string id, UpdateContentRequest body, CodexDbContext db,
        ContentManagers managers, TimeProvider clock, CancellationToken ct)
    {
        var (item, _) = await managers.RequireItemAsync(id, ct);
        var merged = body.ApplyTo(ContentChanges.FieldsOf(item));
        // A slug cleared with null is made again from the (new) title.
        if (merged.Slug is null) merged = merged with { Slug = await managers.FreeSlugAsync(item.OrganizationId, ContentRules.SlugFrom(merged.Title), item.Id, ct) };
        new ContentFieldsValidator().ValidateAndThrow(merged);
        var media = await managers.MediaForAsync(item.OrganizationId, merged.ContentType!.Value, merged.MediaId, ct);
        var slugChanged = merged.Slug != item.Slug;
        if (slugChanged && await managers.SlugTakenAsync(item.OrganizationId, merged.Slug!, item.Id, ct)) throw ContentManagers.SlugTaken();

        ContentChanges.Apply(item, merged, merged.Slug!, media, clock.StoredNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (slugChanged)
        {
            db.ChangeTracker.Clear();
            if (await managers.SlugTakenAsync(item.OrganizationId, merged.Slug!, item.Id, ct)) throw ContentManagers.SlugTaken();
            throw;
        }
        await managers.PublicChangeAsync(item, ct);
        return Results.Json(new DataEnvelope<ContentDto>(await managers.DtoAsync(item, ct)), ContractJson.Options);
    }
}
