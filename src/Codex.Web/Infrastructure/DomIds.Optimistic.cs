namespace Codex.Web.Infrastructure;

/// <summary>Ids of the optimistic forms (issue 16, ADR 039).</summary>
public static partial class DomIds
{
    public const string CompletePanel = "complete-panel";
    public const string CompleteForm = "complete-form";
    public const string JoinPanelLeaveForm = "join-panel-leave";
}
