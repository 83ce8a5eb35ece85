using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Management;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.MediaFiles;

/// <summary><c>GET /api/media?organizationId=&amp;status=&amp;page=&amp;limit=</c>: an organization's files, newest first, for its managers.</summary>
public static class ListMedia
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, CurrentUser currentUser,
        ContentManagers managers, MediaLibrary library, CancellationToken ct)
    {
        await currentUser.RequireAsync(ct);
        var query = MediaListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);
        var organizationId = query.OrganizationId!.Value;
        await managers.RequireOfOrganizationAsync(organizationId, ct);

        var files = db.Media.AsNoTracking().Where(m => m.OrganizationId == organizationId);
        if (query.Status is { } status) files = files.Where(m => m.Status == status);
        var total = await files.CountAsync(ct);
        var page = await files.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit).ToListAsync(ct);

        return Results.Json(new PagedList<MediaDto>(page.Select(library.DtoOf).ToList(), Pagination.For(query.Page, query.Limit, total)),
            ContractJson.Options);
    }
}
