using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Codex.Web.Infrastructure;

/// <summary>
/// Views live beside their controller: the folder follows the controller's namespace, so
/// <c>Codex.Web.Features.Studio.Content.ContentController</c> finds its views in <c>/Features/Studio/Content/</c>,
/// then in the <c>Shared</c> folder of each enclosing feature (<c>/Features/Studio/Shared/</c>), then in
/// <c>/Features/Shared/</c> (OdeToCode/AddFeatureFolders does the same).
/// </summary>
public sealed class FeatureFolderViewLocationExpander : IViewLocationExpander
{
    private const string Key = "feature";
    private const string Root = "Features";
    private static readonly ConcurrentDictionary<string, string?> Folders = new(StringComparer.Ordinal);

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        // Part of the view lookup's cache key, so two controllers never share each other's resolved views.
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
            context.Values[Key] = action.ControllerTypeInfo.Namespace is { } ns ? Folders.GetOrAdd(ns, FolderOf) : null;
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (!context.Values.TryGetValue(Key, out var folder) || folder is null) return viewLocations;
        var segments = folder.Split('/');
        var locations = new List<string> { $"/{folder}/{{0}}{RazorViewEngine.ViewExtension}" };
        for (var depth = segments.Length - 1; depth >= 2; depth--)
            locations.Add($"/{string.Join('/', segments[..depth])}/Shared/{{0}}{RazorViewEngine.ViewExtension}");
        locations.AddRange(viewLocations);
        return locations;
    }

    /// <summary>The view folder of a controller namespace (<c>Codex.Web.Features.Account.Purchases</c> → <c>Features/Account/Purchases</c>).</summary>
    public static string? FolderOf(string? controllerNamespace)
    {
        var start = controllerNamespace?.IndexOf("." + Root, StringComparison.Ordinal) ?? -1;
        return start < 0 ? null : controllerNamespace![(start + 1)..].Replace('.', '/');
    }

    /// <summary>Registers the convention: only feature folders, then <c>/Features/Shared</c>.</summary>
    public static void Use(RazorViewEngineOptions options)
    {
        options.ViewLocationFormats.Clear();
        options.ViewLocationFormats.Add($"/{Root}/Shared/{{0}}{RazorViewEngine.ViewExtension}");
        options.ViewLocationExpanders.Add(new FeatureFolderViewLocationExpander());
    }
}
