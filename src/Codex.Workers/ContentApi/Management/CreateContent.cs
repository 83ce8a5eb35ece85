using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// <c>POST /api/content</c>: a manager of the organization creates an item, always as a draft. A slug that is given
/// must be free (409 <c>SLUG_TAKEN</c>); one derived from the title takes the next free number instead.
/// </summary>
public static class CreateContent
{
    public static async Task<IResult> HandleAsync(CreateContentRequest body, CodexDbContext db, CurrentUser currentUser,
        ContentManagers managers, TimeProvider clock, CancellationToken ct)
    {
        await currentUser.RequireAsync(ct);
        new CreateContentRequestValidator().ValidateAndThrow(body);
        var organizationId = body.OrganizationId!.Value;
        var user = await managers.RequireOfOrganizationAsync(organizationId, ct);
        var media = await managers.MediaForAsync(organizationId, body.ContentType!.Value, body.MediaId, ct);

        var slug = body.Slug is { } given
            ? await managers.SlugTakenAsync(organizationId, given, except: null, ct) ? throw ContentManagers.SlugTaken() : given
            : await managers.FreeSlugAsync(organizationId, ContentRules.SlugFrom(body.Title), except: null, ct);
        var now = clock.StoredNow();
        var item = new ContentItem
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, CreatorId = user.Id, Slug = slug, Title = "",
            Status = ContentStatus.Draft, CreatedAt = now,
        };
        ContentChanges.Apply(item, body, slug, media, now);
        db.Content.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await managers.SlugTakenAsync(organizationId, slug, except: null, ct)) throw ContentManagers.SlugTaken(); // a concurrent insert won
            throw;
        }
        await managers.CreatedAsync(item, ct);
        return Results.Json(new DataEnvelope<ContentDto>(await managers.DtoAsync(item, ct)), ContractJson.Options,
            statusCode: StatusCodes.Status201Created);
    }
}
