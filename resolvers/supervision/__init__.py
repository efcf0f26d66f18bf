"""The supervision cycle (督办闭环): applications, office decisions, corrections."""
