using Codex.Workers.OrganizationApi.Logo;
using Codex.Workers.OrganizationApi.Invitations;
using Codex.Workers.OrganizationApi.Joining;
using Codex.Workers.OrganizationApi.Members;
using Codex.Workers.OrganizationApi.Profile;
using Codex.Workers.OrganizationApi.Settings;
using Codex.Workers.Pipeline;

namespace Codex.Workers.OrganizationApi;

/// <summary>Organization-API: organizations, their public settings, their members, invitations and joining.</summary>
public static class OrganizationWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<OrganizationAccess>();
        services.AddSingleton<OrganizationLogos>();
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(OrganizationRoutes.List, ListOrganizations.HandleAsync).CachePublicly();
        app.MapPost(OrganizationRoutes.List, CreateOrganization.HandleAsync);
        // Literal segments outrank {id} in routing; they are listed first so the table reads the same way.
        app.MapGet(OrganizationRoutes.Mine, ListMine.HandleAsync);
        app.MapGet(OrganizationRoutes.BySlug, GetOrganization.BySlugAsync).CachePublicly();
        app.MapGet(OrganizationRoutes.ById, GetOrganization.ByIdAsync).CachePublicly();
        app.MapPatch(OrganizationRoutes.ById, UpdateOrganization.HandleAsync);
        app.MapDelete(OrganizationRoutes.ById, DeleteOrganization.HandleAsync);
        app.MapGet(OrganizationRoutes.Settings, GetSettings.HandleAsync).CachePublicly();
        app.MapPut(OrganizationRoutes.Settings, UpdateSettings.HandleAsync);
        app.MapGet(OrganizationRoutes.Members, ListMembers.HandleAsync);
        app.MapPost(OrganizationRoutes.Members, AddMember.HandleAsync);
        app.MapPost(OrganizationRoutes.Logo, UploadLogo.HandleAsync);
        app.MapDelete(OrganizationRoutes.Logo, UploadLogo.DeleteAsync);
        app.MapMethods(OrganizationRoutes.LogoFile, [HttpMethods.Get, HttpMethods.Head], ServeLogo.HandleAsync);
        app.MapGet(OrganizationRoutes.Member, ListMembers.OneAsync);
        app.MapPatch(OrganizationRoutes.Member, UpdateMember.HandleAsync);
        app.MapDelete(OrganizationRoutes.Member, RemoveMember.HandleAsync);
        app.MapGet(OrganizationRoutes.Invitations, ListInvitations.HandleAsync);
        app.MapPost(OrganizationRoutes.Invitations, CreateInvitation.HandleAsync);
        app.MapDelete(OrganizationRoutes.Invitation, WithdrawInvitation.HandleAsync);
        app.MapPost(OrganizationRoutes.AcceptInvitation, AcceptInvitation.AcceptAsync);
        app.MapPost(OrganizationRoutes.PreviewInvitation, AcceptInvitation.PreviewAsync);
        app.MapPost(OrganizationRoutes.Join, JoinOrganization.JoinAsync);
        app.MapDelete(OrganizationRoutes.Join, JoinOrganization.LeaveAsync);
    }
}
