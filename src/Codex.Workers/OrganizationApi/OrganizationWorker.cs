using Codex.Workers.OrganizationApi.Members;
using Codex.Workers.OrganizationApi.Profile;
using Codex.Workers.OrganizationApi.Settings;
using Codex.Workers.Pipeline;

namespace Codex.Workers.OrganizationApi;

/// <summary>Organization-API: organizations, their public settings, and their members.</summary>
public static class OrganizationWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<OrganizationAccess>();
    }

    public static void Map(WebApplication app)
    {
        var organizations = app.MapGroup("/api/organizations");
        organizations.MapGet("", ListOrganizations.HandleAsync).CachePublicly();
        organizations.MapPost("", CreateOrganization.HandleAsync);
        // Literal segments outrank {id} in routing; they are listed first so the table reads the same way.
        organizations.MapGet("/mine", ListMine.HandleAsync);
        organizations.MapGet("/slug/{slug}", GetOrganization.BySlugAsync).CachePublicly();
        organizations.MapGet("/{id}", GetOrganization.ByIdAsync).CachePublicly();
        organizations.MapPatch("/{id}", UpdateOrganization.HandleAsync);
        organizations.MapGet("/{id}/settings", GetSettings.HandleAsync).CachePublicly();
        organizations.MapPut("/{id}/settings", UpdateSettings.HandleAsync);
        organizations.MapGet("/{id}/members", ListMembers.HandleAsync);
        organizations.MapPost("/{id}/members", AddMember.HandleAsync);
    }
}
