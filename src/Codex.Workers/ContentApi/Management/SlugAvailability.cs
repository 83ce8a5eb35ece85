using Codex.Contracts.Content;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// <c>GET /api/content/slug-available?organizationId=&amp;slug=&amp;exceptId=</c>: managers; whether the slug is free
/// in the organization and, either way, a free one to suggest. <c>exceptId</c> (an addition: the item being edited
/// keeps its own slug) leaves one item out.
/// </summary>
public static class SlugAvailability
{
    public static async Task<IResult> HandleAsync(HttpRequest request, ContentManagers managers, CurrentUser currentUser, CancellationToken ct)
    {
        await currentUser.RequireAsync(ct);
        var reader = new QueryReader(name => request.Query[name].FirstOrDefault());
        var organizationId = reader.Guid("organizationId");
        var slug = reader.String("slug");
        var except = reader.Guid("exceptId");
        if (organizationId is null) reader.AddError("organizationId", "Name the organization.");
        if (slug is null) reader.AddError("slug", "Give the slug to check.");
        else if (slug.Length > ContentRules.SlugMax || !ContentRules.SlugPattern().IsMatch(slug))
            reader.AddError("slug", "Use lower-case letters and digits, with single hyphens between words.");
        if (reader.FieldErrors is { } errors) throw ApiException.Validation(errors);

        await managers.RequireOfOrganizationAsync(organizationId!.Value, ct);
        var free = await managers.FreeSlugAsync(organizationId.Value, slug!, except, ct);
        return Results.Json(new DataEnvelope<SlugAvailabilityDto>(new SlugAvailabilityDto(free == slug, free)), ContractJson.Options);
    }
}
